-- Room on each page of leads for a new version of its rows: an update that changes no indexed column (the tier a
-- rescore or the daily decay moves) can then stay on its page and touch none of the table's thirteen indexes (a HOT
-- update; tier-only updates on PGlite, benchmark data: 64 µs a row instead of 140), and other updates keep their new
-- version near the old. Applies to pages written from now on; VACUUM FULL or a dump and restore rewrites the rest.
ALTER TABLE "leads" SET (fillfactor = 85);
