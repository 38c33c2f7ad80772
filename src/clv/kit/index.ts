/**
 * The CLV model kit (issue 17 item 4): what every model in src/clv uses to read its inputs —
 * parameters, customers, horizons and periods — and to save and load its fits. A new model imports
 * from here; nothing here is public API.
 */
export { readParams, paramsVector } from './params.js';
export { checkTime, checkHorizon, checkPeriods, MAX_PERIODS } from './time.js';
export { mapCustomers, mapRows } from './customers.js';
export { envelopeFit, loadFit, readFitUnit, FIT_VERSION, type SavedFit, type ClvModelKind } from './envelope.js';
export { BOUNDARY_LARGE, BOUNDARY_SMALL, SHAPE_LARGE, BG_BOUNDARIES, BGBB_BOUNDARIES, SBG_BOUNDARIES, GAMMA_GAMMA_BOUNDARIES, paretoBoundaries, ggomBoundaries } from './boundaries.js';
export { checkCustomer, compressBtyd, oneCustomer, purchaseScale, rowAccessor, rowCount, btydFittedOn, type CompressedBtyd } from '../btyd-data.js';
export { readSimulateOptions, simulateCustomers, type DrawnCustomer, type SimulatedBtyd, type SimulateOptions } from './simulate.js';
export { btydFitInput, type BtydFitInput } from './fit-input.js';
