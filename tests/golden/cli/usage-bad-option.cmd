check tests/models/basic.yaml --bogus
