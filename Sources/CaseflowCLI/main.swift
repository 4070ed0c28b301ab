print("caseflow: not yet")
