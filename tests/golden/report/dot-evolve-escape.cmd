evolve tests/models/report/escape.yaml --dot
