"""The demo landing zone: a synthetic one-stop-shop export shaped like the real one
(generate_raw and the modules it is split into, one per table family), the portal's published
figures planted beside it (generate_published), and the split of a zone into load batches
(zone_batches)."""
