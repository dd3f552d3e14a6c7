evolve tests/models/report/small.yaml --dot
