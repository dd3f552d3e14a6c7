report tests/models/report/small.yaml --chart bars:compromise
