# Whole process peer: scikit-learn's depth-5 Gini tree on the same Telco file (one-hot categoricals).
import pandas as pd
from sklearn.tree import DecisionTreeClassifier
df = pd.read_csv("data/telco_customer_churn.csv.gz")
df["TotalCharges"] = pd.to_numeric(df["TotalCharges"], errors="coerce").fillna(0)
y = df.pop("Churn"); df = df.drop(columns=["customerID"])
X = pd.get_dummies(df)
print(DecisionTreeClassifier(max_depth=5, random_state=0).fit(X, y).get_n_leaves())
