// placeholder: replaced by the lead
console.debug('popup');
export {};
