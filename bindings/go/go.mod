module paycode.invalid/paycode

go 1.19
