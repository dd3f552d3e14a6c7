check tests/models/unsourced-order.yaml --provenance
