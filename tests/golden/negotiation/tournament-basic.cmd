tournament ${FIXTURES}/genius/Laptop ${FIXTURES}/genius/ItexvsCypress ${FIXTURES}/genius/Dinner3P --agents boulware,conceder,titfortat --rounds 50
