robust tests/models/basic.yaml --samples 0
