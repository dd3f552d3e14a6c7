negotiate ${FIXTURES}/genius/Laptop --agents bolware,conceder
