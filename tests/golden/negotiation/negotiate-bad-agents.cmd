negotiate ${FIXTURES}/genius/Laptop --agents boulware,timedep:-2,foo
