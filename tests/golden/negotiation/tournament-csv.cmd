tournament ${FIXTURES}/genius/Laptop ${FIXTURES}/genius/SmartEnergyGrid3P --agents linear,random --repeat 2 --seed 3 --csv
