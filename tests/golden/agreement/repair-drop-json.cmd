repair ${SRC}/scenarios/plan28.yaml --proposal us28 --drop RU:1,RU:3 --json
