// Local type shim for ml-cart 2.1.1 (the package ships no .d.ts); only what the churn tests and bench use.
declare module 'ml-cart' {
  export interface DecisionTreeClassifierOptions {
    gainFunction?: 'gini';
    splitFunction?: 'mean';
    minNumSamples?: number;
    maxDepth?: number;
    gainThreshold?: number;
  }
  export class DecisionTreeClassifier {
    constructor(options?: DecisionTreeClassifierOptions);
    train(X: number[][], y: number[]): void;
    predict(X: number[][]): number[];
    toJSON(): unknown;
  }
}
