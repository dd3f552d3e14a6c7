report tests/models/report/small.yaml --chart sensitivity --samples 300 --seed 3
