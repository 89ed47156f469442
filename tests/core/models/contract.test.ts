import { availableModels } from '../../../src/core/models/registry';
import { CONTRACT_FILES_OF_THEIR_OWN, modelContract } from './modelContract';

// Every registered model but those held to the contract in a file of their own (run beside this one).
modelContract(availableModels().filter((id) => !CONTRACT_FILES_OF_THEIR_OWN.includes(id)));
