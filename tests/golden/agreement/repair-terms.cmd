repair ${SRC}/tests/models/agreement/ceasefire.yaml --terms line=current,monitors=0,sanctions=kept --max 3
