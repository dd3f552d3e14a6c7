check tests/models/pd.yaml
