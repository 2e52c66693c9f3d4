"""EHC needs assessments and plans: requests, the statutory clock, the plan template A to K, reviews."""
