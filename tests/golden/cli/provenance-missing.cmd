check tests/models/unsourced.yaml --provenance
