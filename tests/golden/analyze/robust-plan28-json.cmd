robust scenarios/plan28.yaml --samples 400 --seed 3 --json
