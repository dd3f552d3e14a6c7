robust tests/models/basic.yaml --samples 2000 --seed 5
