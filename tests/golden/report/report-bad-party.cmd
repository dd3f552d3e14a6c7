report tests/models/report/small.yaml --chart frontier:N,X
