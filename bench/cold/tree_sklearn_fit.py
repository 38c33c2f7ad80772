# Cold-call bench peer (issue 23.3): scikit-learn's depth-5 Gini tree fit on Telco (one-hot
# categoricals, as bench/e2e/tree_sklearn.py), timed in-process: the first fit, then the median of
# 15 more. Prints JSON {"first": ms, "median": ms}.
import json, statistics, time
import pandas as pd
from sklearn.tree import DecisionTreeClassifier
df = pd.read_csv("data/telco_customer_churn.csv.gz")
df["TotalCharges"] = pd.to_numeric(df["TotalCharges"], errors="coerce").fillna(0)
y = df.pop("Churn"); df = df.drop(columns=["customerID"])
X = pd.get_dummies(df)
times = []
for _ in range(16):
    t = time.perf_counter()
    DecisionTreeClassifier(max_depth=5, random_state=0).fit(X, y)
    times.append((time.perf_counter() - t) * 1000)
print(json.dumps({"first": times[0], "median": statistics.median(times[1:])}))
