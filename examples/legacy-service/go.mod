module example.com/legacy-service

go 1.21
