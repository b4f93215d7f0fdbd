location = "Central India"
