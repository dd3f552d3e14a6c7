check ${FIXTURES}/genius/SmartEnergyGrid3P
