report tests/models/report/small.yaml --samples x
