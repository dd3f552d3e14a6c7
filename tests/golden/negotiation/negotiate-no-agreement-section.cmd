negotiate tests/models/pd.yaml --agents linear,linear
