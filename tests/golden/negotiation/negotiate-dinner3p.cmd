negotiate ${FIXTURES}/genius/Dinner3P --agents boulware,conceder,linear
