negotiate ${FIXTURES}/genius/SmartEnergyGrid3P --agents titfortat,conceder,timedep:0.5 --rounds 30 --json
