check tests/models/basic.yaml --provenance
