robust tests/models/structural/redline.yaml --samples 2000 --seed 3 --json
