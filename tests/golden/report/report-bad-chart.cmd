report tests/models/report/small.yaml --chart pie
