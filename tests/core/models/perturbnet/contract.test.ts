import { modelContract } from '../modelContract';

modelContract(['perturbnet']);
