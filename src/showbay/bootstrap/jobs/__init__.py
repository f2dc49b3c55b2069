"""Background jobs: one runner (``runner.BackgroundJobs``) and one job per context, started from one list."""
