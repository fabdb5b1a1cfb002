module storsim

go 1.19
