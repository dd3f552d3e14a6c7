evaluate scenarios/plan28.yaml
