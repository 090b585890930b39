#!/bin/sh
# The disk's plain sequential write speed at the journal's block size, to set against JournalAppendBenchmark's
# bytes/s: one batch of 32 frames of 96 bytes (an OrderAccepted event) is 3072 bytes.
#   plain: page cache only, like durability none;  dsync: every block forced, like durability batch.
# Usage: sh jmh/journal-vs-dd.sh [DIR] [BLOCK_BYTES] [MIB]   (defaults: /tmp 3072 64)
DIR=${1:-/tmp}
BS=${2:-3072}
MIB=${3:-64}
COUNT=$((MIB * 1048576 / BS))
FILE="$DIR/sequent-dd-$$.bin"
echo "dd plain (page cache), bs=$BS, $COUNT blocks:"
dd if=/dev/zero of="$FILE" bs="$BS" count="$COUNT" 2>&1 | tail -1
rm -f "$FILE"
DSYNC_COUNT=$((COUNT / 16))
echo "dd oflag=dsync (each block forced), bs=$BS, $DSYNC_COUNT blocks:"
dd if=/dev/zero of="$FILE" bs="$BS" count="$DSYNC_COUNT" oflag=dsync 2>&1 | tail -1
rm -f "$FILE"
