check scenarios/plan28.yaml --provenance
