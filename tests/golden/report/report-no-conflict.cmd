report tests/models/basic.yaml --chart evolution
