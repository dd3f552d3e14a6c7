negotiate ${FIXTURES}/genius/Laptop --agents boulware,conceder
