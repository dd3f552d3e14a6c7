negotiate tests/models/basic.yaml --agents conceder,titfortat --rounds 20
