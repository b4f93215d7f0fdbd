location = "norwayeast"
