robust tests/models/structural/conflict.yaml --samples 2000 --seed 3
