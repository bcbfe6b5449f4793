"""Infrastructure: schema checks, backup, mail, clock, demo data, process tuning."""
