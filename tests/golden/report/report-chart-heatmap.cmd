report tests/models/report/small.yaml --chart heatmap:south_plan
