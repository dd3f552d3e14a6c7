analyze tests/models/pd.yaml --json
