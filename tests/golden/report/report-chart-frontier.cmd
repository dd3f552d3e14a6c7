report tests/models/report/small.yaml --chart frontier:S,M
